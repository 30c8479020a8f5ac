"""civic-claims ETL: ingest → segment → extract → resolve → load."""
__version__ = "0.1.0"
