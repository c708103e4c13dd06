"""The build runner: many schools, in workers or on a cluster, each school's documents,
kept when up to date; watch.
"""
