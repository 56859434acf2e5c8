"""`openwash survey` at Hub scale: targets from a list or the Hub's own listing (`targets`), one
row per repository (`rows`), a thread pool or a Dask cluster (`backends`), one budget of Hub
requests for every worker (`budget`), a resumable Parquet dataset (`dataset`) and the auditor's
aggregate of it (`aggregate`).

Nothing here is imported on the `openwash scan` path; dask and pyarrow only when asked for.
"""

# The Hub's published limit for a free account's API requests is 1000 per 5 minutes; resolver
# (file) requests have a higher one. Counting both in one budget stays under either. (Here, not
# in `budget`, so that building the CLI's parser imports nothing more.)
DEFAULT_RATE_LIMIT = "1000/300"
DEFAULT_MAX_WAIT = 60.0  # seconds of Retry-After a survey waits out before it records the 429
