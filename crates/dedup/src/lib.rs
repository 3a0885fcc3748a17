//! storyweave-dedup (being written).
