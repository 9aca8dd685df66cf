"""The session keys of the idle and absolute timeouts (seconds since the epoch)."""

SIGNED_IN_AT, SEEN_AT = "imgpath_signed_in_at", "imgpath_seen_at"
