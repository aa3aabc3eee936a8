#!/bin/sh
# Make tabel18.csv and tabel18.ods from tabel18.xlsx with LibreOffice Calc (headless), in a
# Dutch locale, as a Dutch user saves them: CSV with field separator ';' (59), text
# delimiter '"' (34), character set Windows-1252 (1), cell contents as shown (so 39149 with
# the format #,##0 is written 39.149). Needs libreoffice-calc; the tests do not.
# Run from the repository root: sh tests/data/printed/make_exports.sh
set -e
here=$(dirname "$0")
profile=$(mktemp -d)
export LC_ALL=nl_NL.UTF-8 LANG=nl_NL.UTF-8
soffice --headless "-env:UserInstallation=file://$profile" \
    --convert-to 'csv:Text - txt - csv (StarCalc):59,34,1,1,,1043,false,true,true' \
    --outdir "$here" "$here/tabel18.xlsx"
soffice --headless "-env:UserInstallation=file://$profile" --convert-to ods \
    --outdir "$here" "$here/tabel18.xlsx"
rm -rf "$profile"
