# Independent check of the worked example (src/chapters/method.ts) in base R.
# Run from the repository root, after write-world.ts has written world.csv:
#   node --import tsx tests/golden/method/write-world.ts
#   Rscript tests/golden/method/method.R
# Reads tests/golden/method/world.csv; writes tests/golden/method/method-r.json. Tests read the JSON only.
# Everything is recomputed here from the CSV with base R: the Thrush correlation as the literal pair sum,
# cor(method = "spearman"), the two screening tails, add1() for the first forward step, step() forward paths
# (capped at steps = n - 1 - minResidualDf, and uncapped), and the signature overlap of the two benchmarks.
dir <- file.path("tests", "golden", "method")
ratio <- 0.05; min_resid_df <- 6

num <- function(x) ifelse(is.na(x), "null", ifelse(is.infinite(x), "null", sprintf("%.17g", x)))
json <- function(x) {
  if (is.null(x)) return("null")
  if (inherits(x, "AsIs")) { x <- unclass(x); return(paste0("[", paste(vapply(x, function(v) json(v), ""), collapse = ","), "]")) }
  if (is.list(x)) {
    if (!is.null(names(x)) && all(names(x) != "")) return(paste0("{", paste(sprintf("\"%s\":%s", names(x), vapply(x, json, "")), collapse = ",\n"), "}"))
    return(paste0("[", paste(vapply(x, json, ""), collapse = ","), "]"))
  }
  v <- if (is.character(x)) sprintf("\"%s\"", x) else if (is.logical(x)) ifelse(x, "true", "false") else num(as.numeric(x))
  if (length(x) == 1 && is.null(names(x))) return(v)
  if (!is.null(names(x))) return(paste0("{", paste(sprintf("\"%s\":%s", names(x), v), collapse = ","), "}"))
  paste0("[", paste(v, collapse = ","), "]")
}
arr <- function(x) I(as.list(x))

w <- read.csv(file.path(dir, "world.csv"), stringsAsFactors = FALSE)
pieces <- setdiff(names(w), c("model", "score_a", "score_b"))
X <- as.matrix(w[, pieces]); m <- nrow(X); d <- ncol(X)

thrush_pairs <- function(x, y) {           # Def. 3.1 as written: sum over k < l
  r <- rank(x); g <- 0
  for (k in 1:(m - 1)) for (l in (k + 1):m) g <- g + sign(y[k] - y[l]) * (r[k] - r[l])
  g
}
tails <- function(g) {
  per <- max(1, floor(ratio * d * (1 + 1e-12)))
  top <- order(-g, seq_len(d))[1:per]; bottom <- order(g, seq_len(d))[1:per]
  list(per = per, top = pieces[top], bottom = pieces[bottom], topThreshold = g[top[per]], bottomThreshold = g[bottom[per]])
}
path_of <- function(fit, n) {
  a <- fit$anova
  added <- sub("^\\+ ", "", as.character(a$Step)); added[1] <- NA
  lapply(seq_len(nrow(a)), function(i) list(added = if (is.na(added[i])) NULL else added[i], rss = a$`Resid. Dev`[i], edf = n - a$`Resid. Df`[i], aic = a$AIC[i]))
}
bench <- function(ycol) {
  y <- w[[ycol]]
  g <- vapply(seq_len(d), function(j) thrush_pairs(X[, j], y), 0)
  rho <- vapply(seq_len(d), function(j) cor(X[, j], y, method = "spearman"), 0)
  t <- tails(g); kept <- c(t$top, t$bottom)
  dat <- data.frame(y = y, X)
  scope <- as.formula(paste("~", paste(kept, collapse = " + ")))
  null <- lm(y ~ 1, data = dat)
  a1 <- add1(null, scope = scope, k = 2)
  capped <- step(null, scope = scope, direction = "forward", k = 2, steps = m - 1 - min_resid_df, trace = 0)
  full <- suppressWarnings(step(null, scope = scope, direction = "forward", k = 2, steps = m - 1, trace = 0))
  sel <- sub("^\\+ ", "", as.character(capped$anova$Step))[-1]
  list(thrush = setNames(g, pieces), spearman = setNames(rho, pieces), tails = t,
       add1 = list(term = rownames(a1), rss = a1$RSS, aic = a1$AIC),
       path = path_of(capped, m), selected = arr(sel), saturated = path_of(full, m),
       coefficients = as.list(coef(capped)))
}
A <- bench("score_a"); B <- bench("score_b")

# Signature overlap: z-score each model's surprisals over all pieces (population SD), mean over each
# signature (plain, and weighted by the sign of the final OLS coefficient), Spearman across models.
mu <- rowMeans(X); sdp <- sqrt(rowMeans((X - mu)^2)); Z <- (X - mu) / sdp
score <- function(sel, coef = NULL) { wts <- if (is.null(coef)) rep(1, length(sel)) else sign(unlist(coef[sel])); as.vector(Z[, sel, drop = FALSE] %*% wts) / length(sel) }
selA <- unlist(A$selected); selB <- unlist(B$selected)
overlap <- list(
  signature = cor(score(selA), score(selB), method = "spearman"),
  signedSignature = cor(score(selA, A$coefficients), score(selB, B$coefficients), method = "spearman"),
  performance = cor(w$score_a, w$score_b, method = "spearman"),
  scoresA = arr(score(selA)), scoresB = arr(score(selB)))

out <- list(meta = list(r = R.version.string, script = "tests/golden/method/method.R", ratio = ratio, minResidualDf = min_resid_df, models = m, pieces = d),
            a = A, b = B, overlap = overlap)
writeLines(json(out), file.path(dir, "method-r.json"))
cat("wrote", file.path(dir, "method-r.json"), "\n")
cat("A selected:", selA, "\nB selected:", selB, "\noverlap:", overlap$signature, overlap$signedSignature, overlap$performance, "\n")
cat("saturated A:", vapply(A$saturated, function(s) s$aic, 0), "\n")
