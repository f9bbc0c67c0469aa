"""collab_events and problem_events: note_key and note_args, the catalogue key and values
of a note the system wrote, so a page says it in its own language (rows from before keep
their English note and show it as stored)

Revision ID: 0008_history_note_keys
Revises: 0004_problems
Create Date: 2026-12-07 14:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008_history_note_keys'
down_revision = '0004_problems'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('collab_events', 'problem_events'):
        op.add_column(table, sa.Column('note_key', sa.String(length=40), nullable=True))
        op.add_column(table, sa.Column('note_args', sa.JSON(), nullable=True))


def downgrade() -> None:
    for table in ('collab_events', 'problem_events'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('note_args')
            batch_op.drop_column('note_key')
