package dev.roomcast.system.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads: enough of the language to check dashboards
 * and alert rules against what the services expose, not a parser.
 */
public final class PromQl {

	private static final Pattern NAME_MATCHER = Pattern.compile("__name__\\s*(=~|=)\\s*\"([^\"]*)\"");

	private static final Pattern LABEL_BLOCK = Pattern.compile("\\{[^}]*}");

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{?\\w+}?");

	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

	private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
			"and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "Inf", "NaN");

	private PromQl() {
	}

	/**
	 * The metrics an expression selects: plain names, and {@code __name__} matchers (a
	 * regular expression of one alternation group is expanded to its names).
	 * @param expression a PromQL expression (Grafana variables allowed)
	 * @return the metric names, or regular expressions prefixed {@code ~} where a matcher
	 * could not be expanded
	 */
	public static Set<String> metricNames(String expression) {
		Set<String> names = new LinkedHashSet<>();
		String rest = VARIABLE.matcher(expression).replaceAll(" ");
		Matcher nameMatcher = NAME_MATCHER.matcher(rest);
		while (nameMatcher.find()) {
			if (nameMatcher.group(1).equals("=")) {
				names.add(nameMatcher.group(2));
			}
			else {
				names.addAll(expand(nameMatcher.group(2)));
			}
		}
		rest = STRING.matcher(rest).replaceAll(" ");
		rest = LABEL_BLOCK.matcher(rest).replaceAll(" ");
		rest = GROUPING.matcher(rest).replaceAll(" ");
		rest = RANGE.matcher(rest).replaceAll(" ");
		Matcher identifier = IDENTIFIER.matcher(rest);
		while (identifier.find()) {
			String name = identifier.group(1);
			boolean function = identifier.group(2) != null;
			if (!function && !KEYWORDS.contains(name) && !isNumberSuffix(rest, identifier.start())) {
				names.add(name);
			}
		}
		return names;
	}

	/** "5m" in "offset 5m", "1e3": an identifier glued to the digits before it. */
	private static boolean isNumberSuffix(String text, int start) {
		return start > 0 && Character.isDigit(text.charAt(start - 1));
	}

	private static List<String> expand(String regex) {
		Matcher group = Pattern.compile("\\(([^()]*)\\)").matcher(regex);
		if (!group.find()) {
			return List.of(isLiteral(regex) ? regex : "~" + regex);
		}
		List<String> names = new ArrayList<>();
		for (String alternative : group.group(1).split("\\|")) {
			names.addAll(expand(regex.substring(0, group.start()) + alternative + regex.substring(group.end())));
		}
		return names;
	}

	private static boolean isLiteral(String regex) {
		return regex.matches("[a-zA-Z0-9_:]+");
	}

}
