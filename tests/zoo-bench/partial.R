# Expected value for tests/zoo-bench/harness-stats.test.ts: partial Spearman of x and y given z
# (partial correlation of the Spearman coefficients). Run: Rscript tests/zoo-bench/partial.R
x <- c(0.31, 0.42, 0.40, 0.55, 0.38, 0.61, 0.47)
y <- c(0.10, 0.30, 0.05, 0.40, 0.20, 0.35, 0.15)
z <- c(2.9, 2.5, 2.4, 2.0, 2.7, 1.8, 2.2)
r <- function(a, b) cor(a, b, method = "spearman")
cat(sprintf("%.15f\n", (r(x, y) - r(x, z) * r(y, z)) / sqrt((1 - r(x, z)^2) * (1 - r(y, z)^2))))
