package querylimits

// Config sets the maximums that Extension enforces on every operation. A
// field that is zero or negative takes its value from DefaultConfig, so a
// partly filled Config keeps the other limits.
type Config struct {
	// MaxComplexity is the maximum cost of one operation, as computed by
	// Complexity.
	MaxComplexity int
	// MaxDepth is the maximum nesting of fields, counting the root field as
	// 1. Fields under __schema and __type do not count.
	MaxDepth int
	// MaxAliases is the maximum number of fields whose alias differs from
	// their name, counted with fragments expanded.
	MaxAliases int
	// MaxFields is the maximum number of fields, __typename included, counted
	// with fragments expanded.
	MaxFields int
	// MaxVariableDepth is the maximum nesting of lists and objects in the
	// request's variables.
	MaxVariableDepth int
}

// Default limits. The package documentation gives the reason for each.
const (
	DefaultMaxComplexity    = 250_000
	DefaultMaxDepth         = 12
	DefaultMaxAliases       = 30
	DefaultMaxFields        = 500
	DefaultMaxVariableDepth = 16
)

// DefaultConfig returns the limits for the public API.
func DefaultConfig() Config {
	return Config{
		MaxComplexity:    DefaultMaxComplexity,
		MaxDepth:         DefaultMaxDepth,
		MaxAliases:       DefaultMaxAliases,
		MaxFields:        DefaultMaxFields,
		MaxVariableDepth: DefaultMaxVariableDepth,
	}
}

// withDefaults fills the unset limits of c from DefaultConfig.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.MaxComplexity <= 0 {
		c.MaxComplexity = d.MaxComplexity
	}
	if c.MaxDepth <= 0 {
		c.MaxDepth = d.MaxDepth
	}
	if c.MaxAliases <= 0 {
		c.MaxAliases = d.MaxAliases
	}
	if c.MaxFields <= 0 {
		c.MaxFields = d.MaxFields
	}
	if c.MaxVariableDepth <= 0 {
		c.MaxVariableDepth = d.MaxVariableDepth
	}
	return c
}
