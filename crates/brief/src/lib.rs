//! storyweave-brief (being written).
