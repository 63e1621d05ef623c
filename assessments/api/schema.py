"""The OpenAPI schema: every operation documents the error answers it can give, in the one format."""

from drf_spectacular.openapi import AutoSchema

from .serializers import ApiErrorSerializer

ERROR_DESCRIPTIONS = {
    "400": "Bad input: `errors` names each field and the rule it broke.",
    "401": "No credentials, or credentials that were not accepted.",
    "403": "Your role does not allow this action on this row.",
    "404": "No such row within what you may see.",
    "409": "The row changed after you read it (`updated_at`): read it again, then change it.",
    "429": "Too many requests: wait for the seconds in Retry-After.",
}


class ProgrammeAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["400", "401", "403", "429"]
        if "{" in self.path:
            codes.append("404")
        if self.method == "PATCH":
            codes.append("409")
        for code in codes:
            if code not in responses:
                response = self._get_response_for_code(ApiErrorSerializer, code, direction=direction)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses
