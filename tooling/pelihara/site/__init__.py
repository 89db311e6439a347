"""The published site, generated from the records.

`generator.generate(root, now)` turns the repository into `{docs path: Markdown or HTML}` plus
assets and build warnings; it knows nothing of MkDocs. `plugin.PeliharaPlugin` is the thin MkDocs
adapter that injects those pages (`on_files`) and watches the records under `mkdocs serve`.
Sections of the site register in `pelihara.site.sections`.
"""
