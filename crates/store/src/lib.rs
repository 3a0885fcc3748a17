//! storyweave-store (being written).
