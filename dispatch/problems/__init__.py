"""Problems and disputes on collaborations, requests and action items (问题跟踪表)."""
