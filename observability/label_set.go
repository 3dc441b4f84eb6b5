package observability

import "sync"

// otherLabel replaces a label value that is not admitted, so that the
// number of series stays bounded whatever clients send.
const otherLabel = "other"

// labelSet admits up to max distinct label values, first come first
// served, and maps every later one to otherLabel.
type labelSet struct {
	max int

	mu     sync.RWMutex
	values map[string]struct{}
}

func newLabelSet(max int) *labelSet {
	return &labelSet{max: max, values: make(map[string]struct{}, max)}
}

// admit returns value when it was admitted before or there is still room
// for it, and otherLabel once max distinct values are in.
func (s *labelSet) admit(value string) string {
	s.mu.RLock()
	_, ok := s.values[value]
	s.mu.RUnlock()
	if ok {
		return value
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.values[value]; ok {
		return value
	}
	if len(s.values) >= s.max {
		return otherLabel
	}
	s.values[value] = struct{}{}
	return value
}
