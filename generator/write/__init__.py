"""The only step that writes: PDF finishing, sheets, atomic files, the manifest (what a
build remembers), proofs.
"""
