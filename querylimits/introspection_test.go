package querylimits_test

import "strings"

// schemaQuery is the shape of the schema query that GraphiQL sends, with
// type references nested typeDepth levels of ofType, as graphql-js 17 does.
var schemaQuery = func() string {
	const typeDepth = 9
	typeRef := "kind name" + strings.Repeat(" ofType { kind name", typeDepth) + strings.Repeat(" }", typeDepth)

	return `query IntrospectionQuery {
  __schema {
    description
    queryType { name kind } mutationType { name kind } subscriptionType { name kind }
    types { ...FullType }
    directives { name description isRepeatable locations args(includeDeprecated: true) { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description specifiedByURL isOneOf
  fields(includeDeprecated: true) {
    name description args(includeDeprecated: true) { ...InputValue } type { ...TypeRef }
    isDeprecated deprecationReason
  }
  inputFields(includeDeprecated: true) { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue {
  name description type { ...TypeRef } defaultValue isDeprecated deprecationReason
}
fragment TypeRef on __Type { ` + typeRef + ` }`
}()
