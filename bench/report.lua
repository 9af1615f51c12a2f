-- wrk reporter: one machine-readable line with req/s and latency percentiles (ms).
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "BENCH requests=%d rps=%.1f p50=%.2f p95=%.2f p99=%.2f max=%.2f errors=%d non2xx=%d\n",
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    errors, summary.errors.status))
end
