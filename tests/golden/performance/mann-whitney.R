# Expected values for src/stats/mann-whitney.ts: R's wilcox.test(x, y, exact = FALSE, correct = ...).
# Run from the repository root:  Rscript tests/golden/performance/mann-whitney.R
# Writes tests/golden/performance/mann-whitney.json (committed; tests read it and never need R).
# Also recomputes, independently of the TypeScript code, the Mann-Whitney tests of the performance
# chapter from data/ (own parsing of the Sloth CSV and labels.csv, R's own Spearman via cor()).
num <- function(v) if (is.na(v)) "null" else if (is.infinite(v)) stop("inf") else sprintf("%.17g", v)
vec <- function(v) paste0("[", paste(vapply(v, num, ""), collapse = ", "), "]")
case <- function(name, x, y, alternative = "two.sided", correct = TRUE) {
  r <- suppressWarnings(wilcox.test(x, y, exact = FALSE, correct = correct, alternative = alternative))
  sprintf('    {"name": "%s", "x": %s, "y": %s, "alternative": "%s", "correct": %s, "W": %s, "p": %s}',
          name, vec(x), vec(y), alternative, tolower(as.character(correct)), num(unname(r$statistic)), num(r$p.value))
}
set.seed(1)
big_x <- round(rnorm(300, 0.5), 3); big_y <- round(rnorm(250), 3)
cases <- c(
  case("hollander-wolfe, no ties", c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30), c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)),
  case("many ties", c(1, 2, 2, 3, 3, 3, 4, 5), c(2, 3, 3, 4, 4, 4, 5, 6, 6, 7)),
  case("many ties, greater", c(1, 2, 2, 3, 3, 3, 4, 5), c(2, 3, 3, 4, 4, 4, 5, 6, 6, 7), "greater"),
  case("many ties, less", c(1, 2, 2, 3, 3, 3, 4, 5), c(2, 3, 3, 4, 4, 4, 5, 6, 6, 7), "less"),
  case("many ties, no continuity correction", c(1, 2, 2, 3, 3, 3, 4, 5), c(2, 3, 3, 4, 4, 4, 5, 6, 6, 7), "two.sided", FALSE),
  case("W exactly at its mean", c(1, 4), c(2, 3)),
  case("unequal sizes", c(0.81, 0.92, 0.77), c(0.41, 0.55, 0.62, 0.70, 0.33, 0.58, 0.49)),
  case("complete separation", 11:40, 1:10),
  case("large, rounded normal samples", big_x, big_y),
  case("large, rounded normal samples, greater", big_x, big_y, "greater")
)
# --- the performance chapter, recomputed from data/ ---
raw <- read.csv("data/scores/sloth/data_v2.csv", check.names = FALSE, stringsAsFactors = FALSE)
lab <- read.csv("data/labels.csv", stringsAsFactors = FALSE)
canon <- function(c) {
  if (startsWith(c, "hendrycksTest-")) return(paste0("mmlu_", substring(c, 15)))
  map <- c(MMLU = "mmlu", ARC = "arc_challenge", HellaSwag = "hellaswag", Winogrande = "winogrande", TruthfulQA = "truthfulqa", GSM8K = "gsm8k")
  if (c %in% names(map)) return(unname(map[c]))
  c
}
names(raw) <- vapply(names(raw), canon, "")
req <- names(raw)[grepl("^mmlu_|^bbh_|^gpqa_|^musr_|^math_.*_hard$", names(raw)) | names(raw) %in% c("mmlu", "arc_challenge", "hellaswag", "winogrande", "truthfulqa", "gsm8k")]
block <- raw[complete.cases(raw[, req]), ]
keep <- setdiff(req, "mmlu")  # the mmlu aggregate (mean of the 57 subjects) is excluded
S <- cor(as.matrix(block[, keep]), method = "spearman")
fam <- lab$family[match(keep, lab$benchmark)]; fmt <- lab$format[match(keep, lab$benchmark)]
up <- upper.tri(S)
chapter <- character(0)
for (f in list(list("family", fam), list("format", fmt))) {
  same <- outer(f[[2]], f[[2]], "==")
  w <- S[up & same]; a <- S[up & !same]
  r <- wilcox.test(w, a, exact = FALSE, correct = TRUE)
  chapter <- c(chapter, sprintf('    "%s": {"nWithin": %d, "nAcross": %d, "withinMean": %s, "acrossMean": %s, "W": %s, "p": %s}',
                                f[[1]], length(w), length(a), num(mean(w)), num(mean(a)), num(unname(r$statistic)), num(r$p.value)))
}
zs <- c(0, 1e-20, 0.3, -0.66291, 0.66292, 1, -1.959963984540054, 3, 5.656854249492380, 5.7, -8.2923, 8.2925, 10, -20, 30, 37.5, -37.52, 40)
pn <- sprintf('    {"z": %s, "lower": %s, "upper": %s}', vapply(zs, num, ""), vapply(pnorm(zs), num, ""), vapply(pnorm(zs, lower.tail = FALSE), num, ""))
out <- c("{", sprintf('  "generator": "tests/golden/performance/mann-whitney.R (%s)",', R.version.string),
         '  "pnorm": [', paste(pn, collapse = ",\n"), "  ],",
         '  "cases": [', paste(cases, collapse = ",\n"), "  ],",
         sprintf('  "chapter": {\n    "nModels": %d,\n    "nBenchmarks": %d,\n    "meanOverlap": %s,', nrow(block), length(keep), num(mean(S[up]))),
         paste(chapter, collapse = ",\n"), "  }", "}")
writeLines(out, "tests/golden/performance/mann-whitney.json")
