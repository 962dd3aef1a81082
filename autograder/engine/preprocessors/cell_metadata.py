"""nbgrader's check of the cells' nbgrader metadata, its JSON schema checked once a process.

nbgrader's ``CheckCellMetadata`` validates each cell's metadata with ``jsonschema.validate``, which
first checks the schema itself against JSON Schema's own: about 90 % of the step's time, for every
cell of every notebook, twice a submission (autograde runs the step before and after execution).
Here the schema is checked once and its validator kept; every cell is validated against it as
before, with nbgrader's own further checks (grade ids, points, duplicates) and errors.
"""
import traceback

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from nbgrader.nbgraderformat import MetadataValidator as NbgraderMetadataValidator
from nbgrader.nbgraderformat import ValidationError
from nbgrader.nbgraderformat.common import BaseMetadataValidator
from nbgrader.preprocessors import CheckCellMetadata as NbgraderCheckCellMetadata

_validators = {}  # schema version -> the schema's validator, the schema checked once


def schema_validator(version, schema):
    """The JSON Schema validator of nbgrader's metadata ``schema`` (``version``), made and checked once."""
    if version not in _validators:
        cls = validator_for(schema)
        cls.check_schema(schema)
        _validators[version] = cls(schema)
    return _validators[version]


class _SchemaCheckedOnce(BaseMetadataValidator):
    """nbgrader's base validation of one cell: its schema version, then the schema, whose validator
    is ``schema_validator``'s; the error raised is ``jsonschema.validate``'s (``best_match``)."""

    def validate_cell(self, cell):
        meta = cell.metadata.get("nbgrader") if "nbgrader" in cell.metadata else None
        if meta is None or meta.get("schema_version", 0) != self.schema_version:
            return super().validate_cell(cell)  # nothing to check, or nbgrader's own version error
        error = best_match(schema_validator(self.schema_version, self.schema).iter_errors(meta))
        if error is not None:
            raise error


class MetadataValidator(NbgraderMetadataValidator, _SchemaCheckedOnce):
    """nbgrader's metadata validator (its further checks unchanged), with ``_SchemaCheckedOnce`` in
    place of its base's schema validation."""


class CheckCellMetadata(NbgraderCheckCellMetadata):
    """nbgrader's ``CheckCellMetadata`` with ``MetadataValidator``: the same checks, log and error."""

    def preprocess(self, nb, resources):
        try:
            MetadataValidator().validate_nb(nb)
        except ValidationError:
            self.log.error(traceback.format_exc())
            message = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(message)
            raise ValidationError(message) from None
        return nb, resources
