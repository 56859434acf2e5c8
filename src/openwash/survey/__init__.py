"""`openwash survey` at Hub scale: targets from a list or the Hub's own listing (`targets`), one
row per repository (`rows`), a thread pool or a Dask cluster (`backends`), one budget of Hub
requests for every worker (`budget`), a resumable Parquet dataset (`dataset`) and the auditor's
aggregate of it (`aggregate`).

Nothing here is imported on the `openwash scan` path; dask and pyarrow only when asked for.
"""
