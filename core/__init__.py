"""The ground floor: plumbing every app uses. Nothing here imports an app of the project."""
