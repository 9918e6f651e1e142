"""Use cases of the experts domain: profiles, working groups, memberships, Delphi studies, file analyses.

Each sub-module is one area; only these functions commit.
"""
