"""jobs: error_key and error_args, the catalogue key and values of a failed job's refusal
(a solve no plan can be made of), so the planner reads it in the org's language; jobs from
before keep their English error and show it as stored

Revision ID: 0009_jobs_error_keys
Revises: 0006_jobs
Create Date: 2026-12-07 19:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009_jobs_error_keys'
down_revision = '0006_jobs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('jobs', sa.Column('error_key', sa.String(length=40), nullable=True))
    op.add_column('jobs', sa.Column('error_args', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_column('error_args')
        batch_op.drop_column('error_key')
