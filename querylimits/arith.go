package querylimits

import "math"

// saturatingAdd returns a+b for non-negative operands, or math.MaxInt when
// the sum overflows, so a crafted page size cannot wrap a cost to a small
// number.
func saturatingAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

// saturatingMul returns a*b for non-negative operands, or math.MaxInt when
// the product overflows.
func saturatingMul(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt/b {
		return math.MaxInt
	}
	return a * b
}
