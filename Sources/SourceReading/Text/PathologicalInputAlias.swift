import CMarkGFMShared

/// The hostile-input scan (PD018), as the reader's users name it. It lives beside the cmark-gfm lock
/// because every cmark-gfm user needs it before parsing: the sandbox's payload reader too.
public typealias PathologicalInput = CMarkGFMShared.PathologicalInput
