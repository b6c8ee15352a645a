#!/usr/bin/env bash
# Prints the size of the built UI's wasm, js and css files, raw and gzipped,
# as the browser downloads them.
set -euo pipefail

dist="${1:-dist}"
if [ ! -d "$dist" ]; then
    echo "bundle-size: no folder $dist; run 'trunk build --release' first" >&2
    exit 1
fi

total_raw=0
total_gzip=0
printf '%-48s %10s %10s\n' "file" "raw bytes" "gzip -9"
while IFS= read -r -d '' file; do
    raw=$(stat -c %s "$file")
    gzipped=$(gzip -9 -c "$file" | wc -c)
    total_raw=$((total_raw + raw))
    total_gzip=$((total_gzip + gzipped))
    printf '%-48s %10d %10d\n' "${file#"$dist"/}" "$raw" "$gzipped"
done < <(find "$dist" -maxdepth 1 -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) -print0 | sort -z)
printf '%-48s %10d %10d\n' "total (wasm + js + css)" "$total_raw" "$total_gzip"
