"""Three-way matching, sales-order checks, payment proposals and coding suggestions.

Pure: data in, results out. Imports neither ``intake`` nor ``cases``.
"""
