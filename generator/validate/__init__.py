"""The school file's model, its field types, and the rules a school is held to (in
phases), with the errors reworded for its author.
"""
