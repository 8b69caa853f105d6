# Reference timing for `npm run bench -- hb-vs-bayesm`: bayesm::rhierMnlRwMixture (one normal
# component, respondent covariates Z) on the MaxDiff data the bench writes.
# Usage: Rscript bench/r/bayesm-hb.R data.csv iterations
# data.csv: respondent,segment,task,position,item,best,worst (one row per shown item).
# Coding: best = choice among the shown items; worst = choice among the same items with negated
# codes (bayesm needs a fixed number of alternatives per choice set, so the worst set keeps the
# best item; the app's sequential coding drops it). Items reference-coded, last item = 0.
suppressPackageStartupMessages(library(bayesm))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
R <- as.integer(args[2])
items <- sort(unique(d$item))
K <- length(items)
p <- max(d$position)
d <- d[order(d$respondent, d$task, d$position), ]
code <- function(it) { x <- matrix(0, length(it), K - 1); for (j in seq_along(it)) { k <- match(it[j], items); if (k < K) x[j, k] <- 1 }; x }
lgtdata <- lapply(split(d, d$respondent), function(r) {
  tasks <- split(r, r$task)
  X <- do.call(rbind, lapply(tasks, function(t) rbind(code(t$item), -code(t$item))))
  y <- as.vector(rbind(sapply(tasks, function(t) which(t$best == 1)), sapply(tasks, function(t) which(t$worst == 1))))
  list(y = y, X = X)
})
seg <- sapply(split(d$segment, d$respondent), `[`, 1)
levels <- sort(unique(seg))
Z <- sapply(levels[-1], function(s) as.numeric(seg == s))
Z <- scale(Z, center = TRUE, scale = FALSE)
set.seed(1)
t <- system.time(out <- rhierMnlRwMixture(
  Data = list(p = p, lgtdata = lgtdata, Z = Z),
  Prior = list(ncomp = 1),
  Mcmc = list(R = R, keep = 10, nprint = 0)
))
cat(sprintf("{\"elapsed\": %.3f, \"user\": %.3f, \"respondents\": %d, \"items\": %d, \"iterations\": %d}\n",
  t[["elapsed"]], t[["user.self"]], length(lgtdata), K, R))
