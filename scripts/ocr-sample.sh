#!/usr/bin/env bash
# A/B on a sample of pages of the scanned twins: re-OCR only the sample's pages of each twin
# (the rest from a baseline cache), then print headline scores and the cell-by-cell accuracy
# of those pages' grids against the originals.
#   bash scripts/ocr-sample.sh SAMPLE.tsv TWIN_DIR BASE_CACHE EXP_CACHE ORIGINALS GOLD
# SAMPLE.tsv: file name, tab, pages (1,4,7). EXP_CACHE is filled from BASE_CACHE when empty.
set -euo pipefail
sample=$1 twins=$2 base=$3 exp=$4 originals=$5 gold=$6
mkdir -p "$exp"
while IFS=$'\t' read -r name pages; do
  [ -f "$exp/${name%.pdf}.json" ] || cp "$base/${name%.pdf}.json" "$exp/"
  node --import tsx scripts/ocr-eval.ts --headline --cells --originals "$originals" --gold "$gold" --cache "$exp" --pages "$pages" "$twins/$name"
done < "$sample"
