package db

import "engagements/engagement"

// visibleEngagement is the SQL condition under which the engagement e is
// visible to a viewer. It takes the viewer as the first four arguments,
// in the order of viewerArgs: workspace, user, lower-case email, and
// whether the token may read every private engagement. A private
// engagement is visible to its owner, to users whose email is among its
// participants and speakers, and to tokens with engagements:private:read.
const visibleEngagement = `e.workspace_id = $1 AND (
	NOT e.is_private
	OR $4::boolean
	OR e.owner_id = $2
	OR EXISTS (SELECT 1 FROM engagement_people p WHERE p.engagement_id = e.id AND p.email = $3)
)`

// viewerArgs returns the arguments that visibleEngagement refers to.
func viewerArgs(v engagement.Viewer) []any {
	return []any{v.WorkspaceID, v.UserID, v.UserEmail, v.SeesAllPrivate}
}
