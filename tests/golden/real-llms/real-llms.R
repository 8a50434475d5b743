# Independent recomputation of the real-LLM chapter's headline numbers (src/chapters/real-llms.ts) in R.
# Run from the repository root:  nice -n 10 Rscript tests/golden/real-llms/real-llms.R
# Writes tests/golden/real-llms/expected.json (committed; tests read it and never need R).
# Own parsing of data/ (read.csv), own Thrush statistic and tails, R's step() for the signatures,
# R's cor() for every correlation, prcomp() for the principal components, and a leave-one-model-out loop
# (screening + forward selection re-run in every fold; forward selection there by lm.fit with R's step() rule).
options(warn = 1)
X <- read.csv("data/features/thrush-bpb.csv", check.names = FALSE, stringsAsFactors = FALSE)
S <- read.csv("data/scores/thrush-errors.csv", check.names = FALSE, stringsAsFactors = FALSE)
X <- X[match(S$model, X$model), ]
stopifnot(identical(X$model, S$model))
models <- S$model
B <- as.matrix(X[, -1]); docs <- colnames(B)
n <- nrow(B); d <- ncol(B)
bench <- colnames(S)[-1]
ratio <- 0.1
per_tail <- floor(ratio * d)

# Thrush statistic (paper Def. 3.1) with mid-ranks, scores oriented so that higher = better (-error):
# sum_{k<l} sign(y_k - y_l) * (rank(x_k) - rank(x_l))
thrush <- function(x, y) {
  r <- rank(x, ties.method = "average")
  s <- sign(outer(y, y, "-")) * outer(r, r, "-")
  sum(s[upper.tri(s)])
}
tails <- function(Xm, y) {
  st <- apply(Xm, 2, thrush, y = -y)
  o_top <- order(-st, seq_along(st)); o_bot <- order(st, seq_along(st))
  sort(unique(c(o_top[1:per_tail], o_bot[1:per_tail])))  # column (scope) order
}
yof <- function(b) { y <- S[[b]]; if (startsWith(b, "lambada")) log(y) else y }

num <- function(v) if (is.na(v)) "null" else sprintf("%.17g", v)
vec <- function(v) paste0("[", paste(vapply(v, num, ""), collapse = ", "), "]")
strv <- function(v) paste0("[", paste(sprintf('"%s"', v), collapse = ", "), "]")
mat <- function(M) paste0("[", paste(apply(M, 1, vec), collapse = ",\n      "), "]")

# Forward selection by lm.fit with step()'s rule (AIC = n log(RSS/n) + 2 edf; best = smallest RSS, first in
# scope order on ties; stop when no candidate lowers AIC); at most n - 11 parameters (10 residual df).
fwd <- function(Xc, y) {
  nn <- length(y); sel <- integer(0); cur <- nn * log(sum((y - mean(y))^2) / nn) + 2
  repeat {
    if (nn - (length(sel) + 2) < 10) break
    cand <- setdiff(seq_len(ncol(Xc)), sel)
    if (!length(cand)) break
    rss <- vapply(cand, function(j) sum(lm.fit(cbind(1, Xc[, c(sel, j), drop = FALSE]), y)$residuals^2), 0)
    k <- which.min(rss); a <- nn * log(rss[k] / nn) + 2 * (length(sel) + 2)
    if (!(a < cur)) break
    sel <- c(sel, cand[k]); cur <- a
  }
  sel
}

sig_json <- character(0); sigs <- list(); loo <- numeric(0)
for (b in bench) {
  y <- yof(b)
  keep <- tails(B, S[[b]])
  d0 <- data.frame(y = y, B[, keep])
  colnames(d0) <- c("y", docs[keep])
  fit <- step(lm(y ~ 1, data = d0), scope = as.formula(paste("~", paste(docs[keep], collapse = " + "))),
              direction = "forward", k = 2, trace = 0)
  sel <- attr(terms(fit), "term.labels")
  sigs[[b]] <- sel
  r2 <- summary(fit)$r.squared
  # BIC signature size on the same candidates
  fitb <- step(lm(y ~ 1, data = d0), scope = as.formula(paste("~", paste(docs[keep], collapse = " + "))),
               direction = "forward", k = log(n), trace = 0)
  # leave-one-model-out: screening and selection without model i
  press <- 0; press0 <- 0; pressm <- 0; mb <- rowMeans(B)
  for (i in seq_len(n)) {
    tr <- setdiff(seq_len(n), i)
    kk <- tails(B[tr, ], S[[b]][tr])
    s <- fwd(B[tr, kk, drop = FALSE], y[tr])
    cols <- kk[s]
    f <- lm.fit(cbind(1, B[tr, cols, drop = FALSE]), y[tr])
    pred <- sum(c(1, B[i, cols]) * f$coefficients)
    fm <- lm.fit(cbind(1, mb[tr]), y[tr]); pressm <- pressm + (y[i] - sum(c(1, mb[i]) * fm$coefficients))^2
    press <- press + (y[i] - pred)^2; press0 <- press0 + (y[i] - mean(y[tr]))^2
  }
  loo[b] <- 1 - press / press0
  rho <- apply(B, 2, function(x) cor(x, S[[b]], method = "spearman"))
  sig_json <- c(sig_json, sprintf('    "%s": {"selected": %s, "r2": %s, "sizeBic": %d, "r2Loo": %s, "r2LooMeanBpb": %s, "docSpearmanMedian": %s, "docSpearmanMin": %s, "docSpearmanMax": %s, "meanBpbSpearman": %s}',
    b, strv(sel), num(r2), length(attr(terms(fitb), "term.labels")), num(loo[b]), num(1 - pressm / press0), num(median(rho)), num(min(rho)), num(max(rho)),
    num(cor(rowMeans(B), S[[b]], method = "spearman"))))
  cat(b, length(sel), r2, loo[b], "\n")
}

# Signature overlap: z-score within model over all documents (population SD), mean over the signature, Spearman.
Z <- t(apply(B, 1, function(r) (r - mean(r)) / sqrt(mean((r - mean(r))^2))))
U <- sapply(bench, function(b) rowMeans(Z[, sigs[[b]], drop = FALSE]))
SO <- cor(U, method = "spearman")
PO <- cor(as.matrix(S[, bench]), method = "spearman")
up <- upper.tri(SO)
pc <- prcomp(B)$sdev^2; pcz <- prcomp(B, scale. = TRUE)$sdev^2

# Join with Sloth through data/model-aliases.csv: Spearman of -error (or -perplexity) with Sloth's scores.
al <- read.csv("data/model-aliases.csv", stringsAsFactors = FALSE)
sl <- read.csv("data/scores/sloth-v2.csv", check.names = FALSE, stringsAsFactors = FALSE)
v1 <- c("mmlu", "arc_challenge", "hellaswag", "winogrande", "truthfulqa", "gsm8k")
shared <- models[models %in% al$thrush & al$sloth[match(models, al$thrush)] %in% sl$model]
slrow <- match(al$sloth[match(shared, al$thrush)], sl$model)
J <- matrix(NA, length(bench), length(v1)); N <- J
for (a in seq_along(bench)) for (c in seq_along(v1)) {
  t <- -S[[bench[a]]][match(shared, models)]; s <- sl[[v1[c]]][slrow]
  ok <- is.finite(t) & is.finite(s); N[a, c] <- sum(ok)
  if (sum(ok) >= 3) J[a, c] <- cor(t[ok], s[ok], method = "spearman")
}

out <- c("{",
  '  "source": "tests/golden/real-llms/real-llms.R (R step(), cor(), prcomp(); see the header)",',
  sprintf('  "nModels": %d, "nDocuments": %d, "screenRatio": %s, "perTail": %d,', n, d, num(ratio), per_tail),
  sprintf('  "benchmarks": %s,', strv(bench)),
  '  "signatures": {', paste(sig_json, collapse = ",\n"), "  },",
  sprintf('  "signatureOverlap": %s,', mat(SO)),
  sprintf('  "performanceOverlap": %s,', mat(PO)),
  sprintf('  "signatureVsPerformanceSpearman": %s, "signatureVsPerformancePearson": %s,', num(cor(SO[up], PO[up], method = "spearman")), num(cor(SO[up], PO[up]))),
  sprintf('  "pc1Share": %s, "pc1ShareStandardised": %s,', num(pc[1] / sum(pc)), num(pcz[1] / sum(pcz))),
  sprintf('  "join": {"sharedModels": %d, "sloth": %s, "correlation": %s, "n": %s}', length(shared), strv(v1), mat(J), mat(N)),
  "}")
writeLines(out, "tests/golden/real-llms/expected.json")
cat("wrote tests/golden/real-llms/expected.json\n")
