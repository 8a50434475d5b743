# Peer for bench/selection.bench.ts: R's own forward stepwise selection, timed inside R (startup excluded).
# Usage: Rscript bench/peers/step.R PROBLEM.csv STEPS REPEATS
#   PROBLEM.csv: columns y, then one column per candidate (rows = models).
# Prints one JSON line: median and all elapsed times (seconds, system.time), the selected features and the
# AIC path of the last repeat, so the bench can check that both tools walk the same path.
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], check.names = FALSE)
steps <- as.integer(args[2])
reps <- as.integer(args[3])
scope <- reformulate(setdiff(names(d), "y"))
start <- lm(y ~ 1, data = d)
times <- numeric(reps)
for (r in seq_len(reps)) {
  times[r] <- system.time(fit <- step(start, scope = scope, direction = "forward", k = 2, steps = steps, trace = 0))[["elapsed"]]
}
sel <- sub("^\\+ ", "", as.character(fit$anova$Step))[-1]
cat(sprintf('{"medianSeconds":%.6f,"times":[%s],"selected":[%s],"aic":[%s]}\n', median(times),
            paste(sprintf("%.6f", times), collapse = ","), paste0('"', sel, '"', collapse = ","),
            paste(sprintf("%.17g", fit$anova$AIC), collapse = ",")))
