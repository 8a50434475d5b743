# Goldens for the screening estimators (tests/screening/golden.test.ts).
# Run from the repository root:  Rscript tests/golden/screening/make-goldens.R
# Writes tests/golden/screening/screening-r.json. R 4.2.2, base R only (no packages).
# Inputs are written into the JSON, so the test never depends on R's random number generator.
#
# Values:  cor(x, y, method = "pearson" | "spearman" | "kendall")  (NA for a zero-variance column:
# R warns "the standard deviation is zero"); Thrush (Def. 3.1) and Pre-select (Def. 3.2, the
# direction the workbook chose) written from their definitions with rank(ties.method = "average");
# and the tail selection rule applied with order().

num <- function(v) paste0("[", paste(ifelse(is.na(v), "null", sprintf("%.17g", v)), collapse = ", "), "]")
mat <- function(X) paste0("[", paste(apply(X, 1, num), collapse = ", "), "]")   # row by row
strs <- function(v) paste0("[", paste0('"', v, '"', collapse = ", "), "]")

thrush <- function(x, y) {
  r <- rank(x, ties.method = "average"); m <- length(x); g <- 0
  for (k in 1:(m - 1)) for (l in (k + 1):m) g <- g + sign(y[k] - y[l]) * (r[k] - r[l])
  g
}
preselect <- function(x, y) {
  m <- length(x); d <- 0
  for (k in 1:(m - 1)) for (l in (k + 1):m) if ((y[k] - y[l]) * (x[k] - x[l]) < 0) d <- d + 1
  d / (m * (m - 1) / 2)
}
stat <- function(X, y, method) {
  sapply(seq_len(ncol(X)), function(j) {
    x <- X[, j]
    if (method == "thrush") return(thrush(x, y))
    if (method == "preselect") return(preselect(x, y))
    suppressWarnings(cor(x, y, method = method))
  })
}
# Tail rule of src/stats/screening-tails.ts, written independently with order():
# Statistics that are mathematically equal are compared after signif(, 12), so that a last-bit
# difference in R's arithmetic cannot turn a tie (broken by feature index) into an order.
tails <- function(s, ratio, minc, centre) {
  s <- signif(s, 12)
  ok <- which(!is.na(s)); d <- length(ok)
  k <- max(1, floor(min(ratio, 0.5) * d * (1 + 1e-12)))
  nt <- k; nb <- k
  if (nt + nb < minc) { need <- minc - nt - nb; nt <- nt + ceiling(need / 2); nb <- nb + floor(need / 2) }
  if (nt + nb >= d) { nt <- ceiling(d / 2); nb <- d - nt }
  desc <- ok[order(-s[ok], ok)]
  top <- desc[seq_len(nt)]
  rest <- setdiff(ok, top)
  bot <- rest[order(s[rest], rest)][seq_len(nb)]
  kept <- c(top, bot)
  kept <- kept[order(-signif(abs(s[kept] - centre), 12), kept)]
  list(top = top - 1, bottom = bot - 1, kept = kept - 1)   # 0-based for TypeScript
}

set.seed(20260928)
cases <- list()
# 1. ties in x and in y, 8 models x 6 features
X1 <- matrix(sample(1:4, 8 * 6, replace = TRUE), nrow = 8)
Y1 <- cbind(a = c(0.31, 0.55, 0.55, 0.42, 0.70, 0.31, 0.66, 0.49), b = round(runif(8), 3))
cases$ties <- list(X = X1, Y = Y1)
# 2. a zero-variance feature among normal ones, 10 models x 5 features
X2 <- matrix(rnorm(10 * 5), nrow = 10); X2[, 3] <- 2.5
cases$zero_variance <- list(X = X2, Y = cbind(a = rnorm(10)))
# 3. more features than models: 6 models x 40 features, surprisal-like values with ties
X3 <- matrix(round(rexp(6 * 40, 0.5), 1), nrow = 6)
Y3 <- cbind(a = c(0.25, 0.40, 0.38, 0.61, 0.59, 0.72), lower = c(3.1, 2.2, 2.5, 1.7, 1.9, 1.2))
cases$wide <- list(X = X3, Y = Y3)

methods <- c("thrush", "spearman", "kendall", "pearson", "preselect")
out <- c()
for (nm in names(cases)) {
  cs <- cases[[nm]]; X <- cs$X; Y <- cs$Y
  parts <- c(sprintf('"nModels": %d', nrow(X)), sprintf('"nFeatures": %d', ncol(X)),
             sprintf('"X": %s', mat(X)), sprintf('"targets": %s', strs(colnames(Y))), sprintf('"Y": %s', mat(t(Y))))
  st <- c()
  for (me in methods) {
    rows <- sapply(seq_len(ncol(Y)), function(b) num(stat(X, Y[, b], me)))
    st <- c(st, sprintf('"%s": [%s]', me, paste(rows, collapse = ", ")))
  }
  parts <- c(parts, sprintf('"statistic": {%s}', paste(st, collapse = ", ")))
  tl <- c()
  for (me in methods) for (ratio in c(0.05, 0.2)) {
    s <- stat(X, Y[, 1], me)
    tt <- tails(s, ratio, 4, if (me == "preselect") 0.5 else 0)
    tl <- c(tl, sprintf('{"method": "%s", "ratio": %s, "minCandidates": 4, "top": %s, "bottom": %s, "kept": %s}',
                        me, ratio, num(tt$top), num(tt$bottom), num(tt$kept)))
  }
  parts <- c(parts, sprintf('"tails": [%s]', paste(tl, collapse = ", ")))
  out <- c(out, sprintf('"%s": {%s}', nm, paste(parts, collapse = ", ")))
}
json <- paste0('{"generator": "tests/golden/screening/make-goldens.R", "R": "', R.version.string, '", "cases": {',
               paste(out, collapse = ", "), "}}\n")
writeLines(json, "tests/golden/screening/screening-r.json", sep = "")
