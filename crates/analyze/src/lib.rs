//! storyweave-analyze (being written).
