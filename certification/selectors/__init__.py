"""What users may see, one module per area (selectors read; services write)."""
