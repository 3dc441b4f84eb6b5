package observability

import "github.com/99designs/gqlgen/graphql"

const (
	// maxOperationNames bounds the distinct operation names that get series
	// of their own. Later names are counted as otherLabel.
	maxOperationNames = 200

	// maxOperationNameLen bounds one operation name label, in bytes.
	maxOperationNameLen = 64

	// anonymousOperation is the label of an operation without a name.
	anonymousOperation = "anonymous"

	// unknownOperation is the label of a request whose document did not
	// parse or validate and that named no operation.
	unknownOperation = "unknown"
)

// operationName returns the name of the operation in opCtx: the parsed
// operation's name or anonymousOperation when it has none. When the
// document did not parse or validate, it returns the operationName that
// the client sent, or unknownOperation when there is none. A name that is
// not a GraphQL name of at most maxOperationNameLen bytes becomes
// otherLabel.
func operationName(opCtx *graphql.OperationContext) string {
	var name string
	switch {
	case opCtx == nil:
		return unknownOperation
	case opCtx.Operation != nil:
		name = opCtx.Operation.Name
		if name == "" {
			return anonymousOperation
		}
	default:
		// Only the client's unchecked operationName is known.
		name = opCtx.OperationName
		if name == "" {
			return unknownOperation
		}
	}

	if !isGraphQLName(name) || len(name) > maxOperationNameLen {
		return otherLabel
	}
	return name
}

// isGraphQLName reports whether s matches /[_A-Za-z][_0-9A-Za-z]*/, the
// GraphQL grammar for names, which keeps label values to a safe charset.
func isGraphQLName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		digit := c >= '0' && c <= '9'
		if !letter && !(digit && i > 0) {
			return false
		}
	}
	return true
}

// operationLabel returns operationName bounded by the admitted names in
// names, so that many distinct names cannot create many series.
func operationLabel(names *labelSet, opCtx *graphql.OperationContext) string {
	name := operationName(opCtx)
	if name == anonymousOperation || name == unknownOperation || name == otherLabel {
		return name
	}
	return names.admit(name)
}
