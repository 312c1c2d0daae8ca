"""Compile the validated model into rendered, validated documents before anything is registered."""
