package querylimits

// variablesTooDeep reports whether a value in vars nests lists and objects
// deeper than limit, where a scalar directly in vars is at depth 1. It
// stops descending past limit, so its work is bounded by limit levels.
func variablesTooDeep(vars map[string]any, limit int) bool {
	for _, v := range vars {
		if valueTooDeep(v, 1, limit) {
			return true
		}
	}
	return false
}

func valueTooDeep(v any, depth, limit int) bool {
	if depth > limit {
		return true
	}

	switch v := v.(type) {
	case []any:
		for _, item := range v {
			if valueTooDeep(item, depth+1, limit) {
				return true
			}
		}
	case map[string]any:
		for _, item := range v {
			if valueTooDeep(item, depth+1, limit) {
				return true
			}
		}
	}
	return false
}
