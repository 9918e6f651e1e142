"""GA4GH Beacon v2 at the wire: response builders (camelCase lives only here) and the official schemas."""
