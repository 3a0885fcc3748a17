//! storyweave-read (being written).
