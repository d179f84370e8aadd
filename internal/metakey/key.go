package metakey

// Prefix begins every key that Article makes.
const Prefix = "art/"

// Article is the key of an article's record called part. part must not
// be empty; IDs must not contain '/', so that the part is what follows
// the ID's slash.
func Article(id, part string) string { return Prefix + id + "/" + part }
