"""Tests of the encrypted store on disk: keys, schema, crash safety."""
