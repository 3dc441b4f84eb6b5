package querylimits

import "github.com/vektah/gqlparser/v2/ast"

// exceeded names the limit an operation went over and the count at which
// the walk stopped. The count is a lower bound, because the walk stops at
// the first selection over a limit.
type exceeded struct {
	code    string
	atLeast int
	max     int
	// selections is set when the selection budget, not the field count, ran
	// out.
	selections bool
}

// shapeWalker counts the depth, aliases and fields of one operation with
// its fragments expanded. It stops at the first count over its maximum, so
// its work is bounded by the limits and not by the size of the expansion,
// which can grow exponentially when fragments spread other fragments
// several times.
type shapeWalker struct {
	cfg Config

	aliases    int
	fields     int
	selections int
	// active holds the fragments being expanded on the current path, so
	// that a cycle ends the walk even if validation missed it.
	active map[string]bool

	over *exceeded
}

// selectionBudget is the number of selections (fields, fragment spreads and
// inline fragments) the walk visits per allowed field. It bounds chains of
// fragments that contain only other fragment spreads, which add no fields.
const selectionBudget = 10

// measureShape returns the first limit op goes over, or nil when it is
// within all of them. Validation must have run: fragment spreads need their
// Definition.
func measureShape(op *ast.OperationDefinition, cfg Config) *exceeded {
	w := shapeWalker{cfg: cfg, active: map[string]bool{}}
	w.walk(op.SelectionSet, 0, false)
	return w.over
}

// walk visits set, whose parent field is at depth. Inside an introspection
// field, depth is not counted: gqlparser already bounds the nesting of
// introspection lists, and GraphiQL's schema query nests ofType nine levels
// deep, which a depth limit for data would reject.
func (w *shapeWalker) walk(set ast.SelectionSet, depth int, introspection bool) {
	for _, sel := range set {
		if w.over != nil {
			return
		}

		w.selections++
		if w.selections > selectionBudget*w.cfg.MaxFields {
			w.stop(CodeFieldLimit, w.selections, selectionBudget*w.cfg.MaxFields)
			w.over.selections = true
			return
		}

		switch s := sel.(type) {
		case *ast.Field:
			w.field(s, depth, introspection)
		case *ast.InlineFragment:
			w.walk(s.SelectionSet, depth, introspection)
		case *ast.FragmentSpread:
			w.spread(s, depth, introspection)
		}
	}
}

func (w *shapeWalker) field(f *ast.Field, depth int, introspection bool) {
	w.fields++
	if w.fields > w.cfg.MaxFields {
		w.stop(CodeFieldLimit, w.fields, w.cfg.MaxFields)
		return
	}

	if f.Alias != "" && f.Alias != f.Name {
		w.aliases++
		if w.aliases > w.cfg.MaxAliases {
			w.stop(CodeAliasLimit, w.aliases, w.cfg.MaxAliases)
			return
		}
	}

	introspection = introspection || f.Name == "__schema" || f.Name == "__type"
	if !introspection {
		depth++
		if depth > w.cfg.MaxDepth {
			w.stop(CodeDepthLimit, depth, w.cfg.MaxDepth)
			return
		}
	}
	w.walk(f.SelectionSet, depth, introspection)
}

func (w *shapeWalker) spread(s *ast.FragmentSpread, depth int, introspection bool) {
	if s.Definition == nil || w.active[s.Name] {
		// Validation rejects unknown fragments and cycles before this runs.
		return
	}

	w.active[s.Name] = true
	w.walk(s.Definition.SelectionSet, depth, introspection)
	delete(w.active, s.Name)
}

func (w *shapeWalker) stop(code string, atLeast, limit int) {
	w.over = &exceeded{code: code, atLeast: atLeast, max: limit}
}
