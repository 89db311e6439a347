"""Reports: the service's output documents (section D.6 of the standard).

- `case_report.build_case_report` → the Laporan Hasil Perbaikan dan Pemeliharaan of one case;
- `periodic.build_period_report` → the monthly, quarterly or yearly performance report;
- `render` → HTML fragments the site embeds, standalone HTML, and A4 PDF (WeasyPrint);
- `charts` → SVG charts drawn in Python, readable printed in black and white.

Assembly is pure (records, SLA figures and `now` in; typed contexts out); rendering is the edge.
"""
