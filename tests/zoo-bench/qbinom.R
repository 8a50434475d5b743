# Expected values for tests/zoo-bench/harness-stats.test.ts (R 4.2): binomial quantiles used for the
# 99% chance interval of the negative controls. Run: Rscript tests/zoo-bench/qbinom.R
cat(qbinom(c(0.005, 0.995), 400, 0.25), qbinom(c(0.005, 0.995), 400, 0.5), qbinom(c(0.005, 0.995), 37, 0.25),
    qbinom(0.5, 10, 0.5), qbinom(c(0.005, 0.995), 10000, 0.25), "\n")
# output: 78 123 174 226 3 16 5 2389 2612
