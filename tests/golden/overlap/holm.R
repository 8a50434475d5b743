# Reference values of Holm's adjustment (R's p.adjust) for tests/overlap-ext/stats.test.ts.
# Run: Rscript tests/golden/overlap/holm.R > tests/golden/overlap/holm.json
cases <- list(
  c(0.01, 0.04, 0.03),
  c(0.001, 0.2, 0.2, 0.04, 0.5, 0.012),
  c(0.3, NA, 0.01, 0.02),
  c(0.5, 0.5, 0.5),
  c(1e-10, 0.9, 0.049, 0.051)
)
fmt <- function(x) ifelse(is.na(x), "null", formatC(x, digits = 17, format = "g"))
out <- sapply(cases, function(p) sprintf('{"p":[%s],"holm":[%s]}', paste(fmt(p), collapse = ","), paste(fmt(p.adjust(p, method = "holm")), collapse = ",")))
cat(sprintf('{"R":"%s","cases":[\n%s\n]}\n', R.version.string, paste(out, collapse = ",\n")))
