package dev.roomcast.system.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTests {

	@Test
	void findsTheMetricsOfAnExpressionAndNotItsFunctionsLabelsOrDurations() {
		assertThat(PromQl.metricNames(
				"histogram_quantile(0.99, sum by (le) (rate(roomcast_delivery_latency_seconds_bucket{job=\"gateway\"}[5m]))) > 0.25"))
			.containsExactly("roomcast_delivery_latency_seconds_bucket");
		assertThat(PromQl.metricNames("sum without (instance) (rate(a_total[$__rate_interval])) / on (application) "
				+ "group_left sum(rate(b_count{status=~\"5..\"}[5m] offset 1h)) and up == 0"))
			.containsExactly("a_total", "b_count", "up");
	}

	@Test
	void expandsANameMatcher() {
		assertThat(PromQl
			.metricNames("increase({__name__=~\"roomcast_(messages|persistence)_dead_lettered_total\"}[10m]) > 0"))
			.containsExactly("roomcast_messages_dead_lettered_total", "roomcast_persistence_dead_lettered_total");
		assertThat(PromQl.metricNames("{__name__=~\"jvm_.*\"}")).containsExactly("~jvm_.*");
	}

}
