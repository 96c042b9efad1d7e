package dev.roomcast.system.bench;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import dev.roomcast.infra.launcher.RoomcastService;
import dev.roomcast.system.support.RoomcastSystem;
import dev.roomcast.testsupport.http.HttpProbe;

/**
 * The gateway's delivery latency timer ({@code roomcast_delivery_latency_seconds}):
 * count, sum and cumulative histogram buckets, in seconds.
 */
record GatewayTimer(double count, double sum, NavigableMap<Double, Double> buckets) {

	private static final String NAME = "roomcast_delivery_latency_seconds";

	static GatewayTimer read(RoomcastSystem system) {
		double[] countAndSum = new double[2];
		NavigableMap<Double, Double> buckets = new TreeMap<>();
		HttpProbe.get(system.managementPort(RoomcastService.GATEWAY), "/actuator/prometheus")
			.body()
			.lines()
			.forEach((line) -> {
				double value = (line.startsWith(NAME)) ? Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))
						: 0;
				if (line.startsWith(NAME + "_count{")) {
					countAndSum[0] = value;
				}
				else if (line.startsWith(NAME + "_sum{")) {
					countAndSum[1] = value;
				}
				else if (line.startsWith(NAME + "_bucket{") && !line.contains("le=\"+Inf\"")) {
					int le = line.indexOf("le=\"") + 4;
					buckets.put(Double.parseDouble(line.substring(le, line.indexOf('"', le))), value);
				}
			});
		return new GatewayTimer(countAndSum[0], countAndSum[1], buckets);
	}

	/** Mean, p50 and p99 of what was recorded since the earlier reading. */
	String since(GatewayTimer before) {
		double deliveries = this.count - before.count;
		if (deliveries <= 0) {
			return "nothing recorded";
		}
		return "mean %.2f ms, p50 <= %.1f ms, p99 <= %.1f ms (histogram bucket bounds)".formatted(
				1000 * (this.sum - before.sum) / deliveries, 1000 * bound(before, deliveries * 0.5),
				1000 * bound(before, deliveries * 0.99));
	}

	private double bound(GatewayTimer before, double rank) {
		for (Map.Entry<Double, Double> bucket : this.buckets.entrySet()) {
			if (bucket.getValue() - before.buckets.getOrDefault(bucket.getKey(), 0.0) >= rank) {
				return bucket.getKey();
			}
		}
		return Double.POSITIVE_INFINITY;
	}

}
