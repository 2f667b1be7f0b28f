# A long flow CSV (origin,dest,value with a header; quotes dropped) as the
# cross-table statistics offices publish: origins down, destinations across,
# codes sorted as text, blank cells for no flow. -v sep=';' -v dec=, writes
# the European form (values' '.' as ','). Values are copied as text.
BEGIN { FS = "," }
NR == 1 { next }
{ gsub(/"/, ""); v[$1 "|" $2] = $3; c[$1] = 1; c[$2] = 1 }
END {
  n = 0
  for (k in c) code[++n] = k
  for (i = 2; i <= n; i++) {
    x = code[i]; j = i - 1
    while (j > 0 && code[j] > x) { code[j + 1] = code[j]; j-- }
    code[j + 1] = x
  }
  line = "origin"
  for (i = 1; i <= n; i++) line = line sep code[i]
  print line
  for (i = 1; i <= n; i++) {
    line = code[i]
    for (j = 1; j <= n; j++) {
      x = v[code[i] "|" code[j]]
      if (dec == ",") sub(/\./, ",", x)
      line = line sep x
    }
    print line
  }
}
