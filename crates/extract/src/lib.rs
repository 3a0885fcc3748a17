//! storyweave-extract (being written).
