# Goldens for src/selection: R's step() forward paths, lm() fits, glmnet lasso / elastic net.
# Run from the repository root:  Rscript tests/golden/selection/make_goldens.R
# Writes tests/golden/selection/{step,ols,glmnet}.json (the data and the expected values). Tests read these
# files only; they never need R. Produced with R 4.2.2 and glmnet 4.1.6 (versions recorded in the JSON).
suppressPackageStartupMessages(library(glmnet))
out_dir <- file.path("tests", "golden", "selection")

# ---- a tiny JSON writer (jsonlite is not installed); numbers keep 17 significant digits ----
num <- function(x) ifelse(is.na(x), "null", ifelse(is.infinite(x), ifelse(x > 0, "1e999", "-1e999"), sprintf("%.17g", x)))
json <- function(x) {
  if (is.null(x)) return("null")
  if (inherits(x, "AsIs")) { x <- unclass(x); return(paste0("[", paste(vapply(x, function(v) json(v), ""), collapse = ","), "]")) }
  if (is.list(x)) {
    if (!is.null(names(x)) && all(names(x) != "")) {
      return(paste0("{", paste(sprintf("\"%s\":%s", names(x), vapply(x, json, "")), collapse = ","), "}"))
    }
    return(paste0("[", paste(vapply(x, json, ""), collapse = ","), "]"))
  }
  if (is.matrix(x)) return(paste0("[", paste(apply(x, 1, function(r) json(I(as.list(r)))), collapse = ",\n"), "]"))
  if (is.character(x)) v <- sprintf("\"%s\"", x)
  else if (is.logical(x)) v <- ifelse(is.na(x), "null", ifelse(x, "true", "false"))
  else v <- num(as.numeric(x))
  if (length(x) == 1 && is.null(names(x))) return(v)
  if (!is.null(names(x))) return(paste0("{", paste(sprintf("\"%s\":%s", names(x), v), collapse = ","), "}"))
  paste0("[", paste(v, collapse = ","), "]")
}
arr <- function(x) I(as.list(x))   # force a JSON array even for length 1
write_json <- function(x, file) { writeLines(json(x), file.path(out_dir, file)); cat("wrote", file, "\n") }
meta <- list(r = R.version.string, glmnet = as.character(packageVersion("glmnet")), script = "tests/golden/selection/make_goldens.R")

# ---- forward stepwise with step() ----
run_step <- function(name, X, y, k, steps, note) {
  d <- data.frame(y = y, X)
  n <- nrow(d)
  scope <- as.formula(paste("~", paste(colnames(X), collapse = " + ")))
  fit <- step(lm(y ~ 1, data = d), scope = scope, direction = "forward", k = k, steps = steps, trace = 0)
  a <- fit$anova
  added <- sub("^\\+ ", "", as.character(a$Step)); added[1] <- NA
  tss <- sum((y - mean(y))^2)
  path <- lapply(seq_len(nrow(a)), function(i) {
    sel <- added[seq_len(i)][-1]
    f <- if (length(sel)) lm(as.formula(paste("y ~", paste(sel, collapse = " + "))), data = d) else lm(y ~ 1, data = d)
    s <- summary(f)
    ea <- extractAIC(f, k = k)
    stopifnot(abs(ea[2] - a$AIC[i]) < 1e-9 * max(1, abs(ea[2])))
    list(added = if (is.na(added[i])) NULL else added[i], rss = a$`Resid. Dev`[i], edf = n - a$`Resid. Df`[i],
         aic = a$AIC[i], r2 = if (length(sel)) s$r.squared else 0, adjR2 = if (length(sel)) s$adj.r.squared else 0)
  })
  nsteps <- nrow(a) - 1
  cf <- coef(fit)
  list(name = name, note = note, n = n, k = k, steps = steps, cols = arr(colnames(X)), X = X, y = arr(y),
       path = path, selected = arr(added[-1]), nSteps = nsteps,
       stoppedBecause = if (nsteps == steps) "max-steps" else "no-improvement",
       coefficients = as.list(cf), tss = tss)
}

cases <- list()
# A: a long path (>= 10 steps) that ends by no-improvement far (>= 10 residual df) from saturation; n = 48, p = 60.
set.seed(20260101)
n <- 64; p <- 40
X <- matrix(rnorm(n * p), n, p, dimnames = list(NULL, sprintf("f%02d", 1:p)))
beta <- c(3, -2.6, 2.3, -2, 1.8, -1.6, 1.4, -1.2, 1.1, -1, 0.9, 0.8)
sig <- c(7, 3, 32, 15, 28, 39, 9, 33, 20, 25, 1, 36)
y <- as.vector(10 + X[, sig] %*% beta + rnorm(n, sd = 0.7))
A <- run_step("long-path-aic", X, y, 2, 40, "n=64, p=40, 12 true features; AIC path of >= 10 steps ending by no-improvement")
cat("A steps", A$nSteps, "resid df", n - A$path[[length(A$path)]]$edf, "\n"); stopifnot(A$nSteps >= 10, n - A$path[[length(A$path)]]$edf >= 10)
cases[[length(cases) + 1]] <- A
cases[[length(cases) + 1]] <- run_step("long-path-bic", X, y, log(n), 40, "same data, BIC (k = log n)")
cases[[length(cases) + 1]] <- run_step("long-path-aic-max6", X, y, 2, 6, "same data, steps = 6 (stops by max-steps)")

# B: exact ties, a collinear combination, a zero-variance column, integer-valued (tied) features.
set.seed(7)
n <- 24
Z <- matrix(rnorm(n * 6), n, 6)
B <- cbind(g1 = Z[, 1], neg2 = -Z[, 2], g2 = Z[, 2], dup2 = Z[, 2], g3 = Z[, 3], zero = rep(5, n), g4 = Z[, 4],
           comb13 = Z[, 1] - 2 * Z[, 3], g5 = round(Z[, 5] * 2), g6 = Z[, 6],
           near4 = Z[, 4] + 1e-9 * rnorm(n), almost4 = Z[, 4] + 1e-5 * rnorm(n))
y <- round(as.vector(4 + 2.5 * Z[, 2] + 1.5 * Z[, 1] - 1.2 * Z[, 3] + 0.8 * Z[, 4] + 0.5 * round(Z[, 5] * 2) + rnorm(n, sd = 0.5)), 1)
cases[[length(cases) + 1]] <- run_step("ties-collinear-zero-variance", B, y, 2, 20,
  paste("neg2 = -g2 and dup2 = g2 give bit-identical RSS in R, so the tie goes to scope order (neg2); after it g2 and dup2 add no rank (Df 0, dropped);",
        "given comb13 = g1 - 2*g3, g1 and g3 tie (R: 1 ulp apart, g1 lower and first); zero is constant (collinear with the intercept);",
        "g5 and y are rounded (tied values); near4 = g4 + 1e-9 noise (collinear with g4 at R's 1e-7 tolerance),",
        "almost4 = g4 + 1e-5 noise (not collinear: a legitimate, badly conditioned candidate). A scaled copy 3*g2+1 is left out on purpose: R's choice among mathematically equal but",
        "not bit-identical fits is decided by the last bit of rounding (it picked the scaled copy, 1 ulp lower, over the earlier exact copy)."))

# add1 table after three steps of case B: which candidates R counts as adding rank (Df) and their RSS / AIC.
Bd <- data.frame(y = y, B)
a1 <- add1(lm(y ~ comb13 + neg2 + g4, data = Bd), scope = as.formula(paste("~", paste(colnames(B), collapse = " + "))))
add1_golden <- list(model = arr(c("comb13", "neg2", "g4")), terms = arr(rownames(a1)), df = arr(a1$Df), rss = arr(a1$RSS), aic = arr(a1$AIC),
                    X = B, y = arr(y), cols = arr(colnames(B)))

# C: more candidates than models (p > n); steps capped well before saturation.
set.seed(99)
n <- 16; p <- 40
X <- matrix(rnorm(n * p), n, p, dimnames = list(NULL, sprintf("c%02d", 1:p)))
y <- as.vector(1 + 2 * X[, 5] - 1.5 * X[, 17] + X[, 30] + rnorm(n, sd = 0.6))
cases[[length(cases) + 1]] <- run_step("p-greater-than-n", X, y, 2, 5, "n=16, p=40; steps = 5")

# C2: the bench's regime: 32 models, 200 candidates, 20 steps (ends 11 residual df from saturation).
set.seed(2026)
n <- 32; p <- 200
X <- matrix(rnorm(n * p), n, p, dimnames = list(NULL, sprintf("p%03d", 1:p)))
y <- as.vector(X[, c(18, 36, 54, 72, 90, 109, 127, 145, 163, 181)] %*% seq(2, 0.65, by = -0.15) + rnorm(n, sd = 0.5))
cases[[length(cases) + 1]] <- run_step("near-saturation-32x200", X, y, 2, 20, "n=32, p=200, steps = 20: the bench's regime, 11 residual df left at the end")

# D: AICc reference (no step() equivalent): forward selection by hand with lm(), same rules as step()
#    (add1-style rank check, stable order, stop when the best is not strictly below the current value).
#    AICc = extractAIC(k=2) + 2K(K+1)/(n-K-1), K = edf + 1 (sigma^2 counted, Hurvich & Tsai 1989).
aicc_of <- function(f) { n <- length(f$residuals); e <- extractAIC(f, k = 2); K <- e[1] + 1; e[2] + 2 * K * (K + 1) / (n - K - 1) }
fwd_aicc <- function(X, y, steps) {
  d <- data.frame(y = y, X); n <- nrow(d); cur <- character(0)
  fit <- lm(y ~ 1, data = d); best <- aicc_of(fit)
  path <- list(list(added = NULL, rss = deviance(fit), edf = 1, aic = best))
  for (s in seq_len(steps)) {
    vals <- sapply(colnames(X), function(cn) {
      if (cn %in% cur) return(NA)
      f <- lm(as.formula(paste("y ~", paste(c(cur, cn), collapse = " + "))), data = d)
      if (f$rank == fit$rank) return(NA)
      aicc_of(f)
    })
    o <- order(c(best, vals))
    if (o[1] == 1) break
    cur <- c(cur, colnames(X)[o[1] - 1])
    fit <- lm(as.formula(paste("y ~", paste(cur, collapse = " + "))), data = d)
    best <- aicc_of(fit)
    path[[length(path) + 1]] <- list(added = cur[length(cur)], rss = deviance(fit), edf = fit$rank, aic = best)
  }
  list(path = path, selected = arr(cur))
}
Xa <- cases[[1]]$X; ya <- unlist(cases[[1]]$y)
aicc <- fwd_aicc(Xa, ya, 40)
cases[[length(cases) + 1]] <- c(list(name = "long-path-aicc", note = "data of long-path-aic; AICc by a hand-written R loop over lm()",
  n = nrow(Xa), criterion = "aicc", steps = 40, cols = arr(colnames(Xa)), X = Xa, y = arr(ya)), aicc,
  list(nSteps = length(aicc$path) - 1))
write_json(list(meta = meta, cases = cases, add1 = add1_golden), "step.json")

# ---- OLS via lm(): coefficients (NA for an aliased column), rank, RSS ----
set.seed(3)
n <- 12
X <- cbind(a = rnorm(n), b = rnorm(n), c = rnorm(n))
X <- cbind(X, d = X[, "a"] + X[, "b"], e = rnorm(n))
y <- as.vector(1 + X %*% c(1, -1, 0.5, 0, 2) + rnorm(n, sd = 0.3))
f <- lm(y ~ ., data = data.frame(y = y, X))
cf <- coef(f)
write_json(list(meta = meta, cols = arr(colnames(X)), X = X, y = arr(y), coefficients = as.list(cf), rank = f$rank, rss = deviance(f),
                aliased = arr(names(cf)[is.na(cf)])), "ols.json")

# ---- glmnet (gaussian, standardize = TRUE, intercept = TRUE, thresh = 1e-22) ----
# thresh = 1e-22, not 1e-14: at 1e-14 glmnet itself is converged only to ~2e-6 on the intercept (checked by
# refitting at 1e-14, 1e-18, 1e-22, 1e-25: a0 = 6.5185843192, 6.5185832941, 6.5185832899, 6.5185832899).
gl_case <- function(name, X, y, alpha, fracs, standardize = TRUE, intercept = TRUE) {
  path <- glmnet(X, y, alpha = alpha, standardize = standardize, intercept = intercept)
  lams <- max(path$lambda) * fracs
  f <- glmnet(X, y, alpha = alpha, lambda = lams, standardize = standardize, intercept = intercept, thresh = 1e-22, maxit = 1e8)
  fits <- lapply(seq_along(lams), function(i) list(lambda = f$lambda[i], a0 = unname(f$a0[i]), beta = arr(as.numeric(f$beta[, i])),
                                                   df = f$df[i], devRatio = f$dev.ratio[i]))
  list(name = name, alpha = alpha, standardize = standardize, intercept = intercept, lambdaMax = max(path$lambda),
       cols = arr(colnames(X)), X = X, y = arr(y), fits = fits)
}
set.seed(11)
n <- 40; p <- 25
X <- matrix(rnorm(n * p, mean = 3, sd = rep(seq(0.5, 3, length.out = p), each = n)), n, p, dimnames = list(NULL, sprintf("x%02d", 1:p)))
X[, 9] <- 2.5  # zero variance: glmnet leaves its coefficient at 0
y <- as.vector(5 + X[, 1] * 1.2 - X[, 4] * 0.8 + X[, 12] * 0.5 + X[, 20] * 0.3 + rnorm(n))
gcases <- list(gl_case("lasso-n40-p25", X, y, 1, c(0.5, 0.1, 0.02)),
               gl_case("enet0.5-n40-p25", X, y, 0.5, c(0.5, 0.1, 0.02)))
set.seed(12)
n <- 20; p <- 50
X2 <- matrix(rnorm(n * p), n, p, dimnames = list(NULL, sprintf("z%02d", 1:p)))
y2 <- as.vector(-1 + 2 * X2[, 3] - X2[, 10] + 0.5 * X2[, 40] + rnorm(n, sd = 0.5))
gcases[[3]] <- gl_case("lasso-n20-p50", X2, y2, 1, c(0.6, 0.2, 0.05))
gcases[[4]] <- gl_case("enet0.5-n20-p50", X2, y2, 0.5, c(0.6, 0.2, 0.05))
# The other standardisation settings (for alpha < 1 glmnet's scaling of y by its sd matters in all of them).
gcases[[5]] <- gl_case("enet0.5-n40-p25-no-intercept", X, y, 0.5, c(0.5, 0.1, 0.02), standardize = TRUE, intercept = FALSE)
gcases[[6]] <- gl_case("enet0.3-n40-p25-unstandardised", X, y, 0.3, c(0.5, 0.1, 0.02), standardize = FALSE, intercept = TRUE)
# The released code's convention: scikit-learn Lasso(alpha, fit_intercept=False) on standardised X (1/n variance,
# constant columns left as zeros, like StandardScaler) and centred y. Its objective (1/(2n))||y - Xb||^2 + alpha||b||_1
# is glmnet's with standardize = FALSE, intercept = FALSE, alpha = 1 and lambda = sklearn's alpha.
Xs <- scale(X, center = TRUE, scale = FALSE)
sds <- sqrt(colMeans(Xs^2)); sds[sds == 0] <- 1
Xs <- sweep(Xs, 2, sds, "/")
yc <- y - mean(y)
f <- glmnet(Xs, yc, alpha = 1, lambda = c(0.1, 0.01), standardize = FALSE, intercept = FALSE, thresh = 1e-22, maxit = 1e8)
skl <- list(name = "sklearn-convention-n40-p25", note = "raw X and y of lasso-n40-p25; expected coefficients on the standardised scale",
            cols = arr(colnames(X)), X = X, y = arr(y),
            fits = lapply(1:2, function(i) list(alpha = f$lambda[i], beta = arr(as.numeric(f$beta[, i])))))
write_json(list(meta = meta, cases = gcases, sklearn = skl), "glmnet.json")
